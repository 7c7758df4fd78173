// Placeholder so the package builds before the chapters for Mkfs exist. Delete it when the first chapter tangles into this target.
