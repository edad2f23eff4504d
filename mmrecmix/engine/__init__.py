"""Engine parts: hooks and loops used by the mix methods."""
