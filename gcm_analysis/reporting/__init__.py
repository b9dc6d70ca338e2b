"""Tables and matplotlib figures for notebooks and reports. No computation here.

One sub-module per stage (``profile``, ``needs``, ``costing``, ``funding``); each
``plot_*`` function returns a :class:`matplotlib.figure.Figure` with a title and
axis labels that carry units.
"""
