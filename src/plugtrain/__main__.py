"""``python -m plugtrain`` (used by ``torchrun -m plugtrain train ...``)."""

from plugtrain.cli import main

if __name__ == "__main__":
    main()
