"""The generated site: pages from the knowledge base (jinja2 templates), the data the browser looks
up, the mkdocs-material build, the link check and the local server. Change how a page is drawn here
or in `site/`.

Stage 6 (model -> kb -> logic -> render/textcheck -> outputs -> sitegen -> cli).
May import: every stage before it.
"""
