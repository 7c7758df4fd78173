// Placeholder executable; replaced by the chapters.
print("not built yet")
