"""The websocket gateway of one process (framework-free): hub, connections, ordering."""
