"""Widgets the screens are built from: meters, scene parts, labelled rows."""
