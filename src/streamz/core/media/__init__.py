"""Images and other stored files: validation rules (stdlib only) and the media keys."""
