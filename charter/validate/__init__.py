"""The structure stage: each file against its model, with problems worded for a manager and
placed on their line. (Everything else `charter validate` checks is run by :mod:`charter.validate.check`.)"""
