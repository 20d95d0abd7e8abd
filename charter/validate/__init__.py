"""The whole check of an organisation folder: :mod:`~charter.validate.check` runs it (load, then
:mod:`~charter.validate.structure`: each file against its model, with problems worded for a
manager and placed on their line; then the model and :mod:`~charter.validate.rules`, the
collaboration rules). :mod:`~charter.validate.registry` lists every code it reports."""
