"""The cleaning stages, one job each, in the order the pipeline runs them.

Every stage takes the current text and returns :class:`cleantext.document.Change`
objects in that text's coordinates; the pipeline applies them to the edit log.
"""
