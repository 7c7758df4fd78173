// Placeholder so the package builds before the chapters for Board exist. Delete it when the first chapter tangles into this target.
