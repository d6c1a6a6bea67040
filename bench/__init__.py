"""`make bench`: speed and memory measured against the ceiling and the alternatives."""
