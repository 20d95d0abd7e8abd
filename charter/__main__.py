from charter.cli.main import entry

entry()
