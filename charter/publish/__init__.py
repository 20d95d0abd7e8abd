"""Stage five: publish the rendered pages as a static site, atomically."""
