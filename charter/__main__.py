import sys

try:
    from charter.cli.main import entry
except KeyboardInterrupt:  # Ctrl-C while charter was still starting: nothing done, nothing to say
    sys.exit(130)

entry()
