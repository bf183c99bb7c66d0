"""The browser workspace: server-rendered pages that are a client of the JSON API."""
