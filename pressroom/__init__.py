"""The composition root: the ``pressroom`` program, made of ui's commands and eval's.

It sits above every layer (ingest -> index -> assistant -> ui | eval) and is the only place
that imports both ui and eval.
"""
