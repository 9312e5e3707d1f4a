# Minimal hand-written stubs for pycocotools (ships no py.typed): only what plugtrain's
# tests use (pycocotools is the reference plugtrain's COCO figures are checked against).
