"""The package's version: the one place it is written (the build reads it from here)."""

VERSION = "0.5.0"
