#!/usr/bin/python3
"""Validates a JSON file against a JSON Schema (draft 2020-12) with the jsonschema package.

    /usr/bin/python3 validate_json.py SCHEMA FILE

Exit code 0 when valid; 1 with each error on stderr otherwise.
"""
import json
import sys

import jsonschema


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        document = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    for error in errors:
        print(f"{list(error.path)}: {error.message}", file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
