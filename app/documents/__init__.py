"""Documents with versions for contracts, licence grants and funding (issue 13).

Each version's bytes are a file of the one attachment store (`app.files`); the owning
feature checks that the caller may see (or change) its object first, then calls these."""
