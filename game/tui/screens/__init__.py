"""The full-screen game's screens: one module per screen (modals live beside the screen that opens them)."""
