"""``python -m pressroom``: the ``pressroom`` program."""

from pressroom.cli import main

main()
