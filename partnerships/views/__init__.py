"""Views for the partnerships app, grouped by who uses them.

home: the signed-in landing page for every role; staff: the trust staff's pages;
library: the trust's clause library. governors/oversight/exports belong to those roles' pages.
"""
