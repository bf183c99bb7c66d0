"""A whole workspace as one document (JSON Lines, or a zip of it), and back."""
