"""Models: batch augments, necks, heads and classifiers of the mix methods."""
