"""What keeps a person's answers theirs: the encrypted state, form tokens, sealed links, headers."""
