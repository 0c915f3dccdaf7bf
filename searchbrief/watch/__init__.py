"""Saved searches ("watches"): kept beside the index, checked for news, published as feeds.

Sits above the facade (:class:`searchbrief.BriefingIndex`); imports no engine,
no web framework and no click.
"""
