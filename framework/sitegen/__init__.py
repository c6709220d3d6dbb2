"""The generated site: pages from the knowledge base, built by mkdocs-material, served locally."""
