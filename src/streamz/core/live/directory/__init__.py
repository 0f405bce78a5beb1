"""The live directory: what a channel's stream is about (stream info), the livestream listings
(directory, category, channel, followed, recommended) and VOD reads and updates."""
