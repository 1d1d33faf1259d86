#!/bin/sh
# Vigie — raw capture of a macOS machine's security settings, read-only,
# with nothing but macOS itself. Writes one file per command into a folder;
# `vigie collect --from-captures DIR -o evidence.json` turns it into an
# evidence file anywhere. Formats: docs/captures.md.
#
# Usage:  sudo sh capture-macos.sh /path/to/vigie-capture
set -u
