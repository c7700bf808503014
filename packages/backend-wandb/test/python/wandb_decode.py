"""Decodes a .wandb transaction log with the real wandb package's protobuf classes.

Usage: wandb_decode.py <file.wandb>
Checks the W&B header and every chunk's CRC-32 (zlib), reassembles records across 32 KiB
blocks, parses each with wandb.proto.wandb_internal_pb2.Record, and prints them as JSON
(google.protobuf.json_format, field names as in the .proto).
"""

import json
import struct
import sys
import zlib

from google.protobuf import json_format, unknown_fields
from wandb.proto import wandb_internal_pb2

BLOCK = 32 * 1024


def records(data: bytes):
    if data[:4] != b":W&B" or struct.unpack_from("<H", data, 4)[0] != 0xBEE1 or data[6] != 0:
        raise ValueError("bad W&B header")
    pos, parts = 7, None
    while pos < len(data):
        room = BLOCK - pos % BLOCK
        if room < 7:
            if any(data[pos : pos + room]):
                raise ValueError(f"non-zero block padding at {pos}")
            pos += room
            continue
        crc, length, kind = struct.unpack_from("<IHB", data, pos)
        payload = data[pos + 7 : pos + 7 + length]
        if len(payload) != length or length > room - 7:
            raise ValueError(f"bad chunk at {pos}")
        if zlib.crc32(bytes([kind]) + payload) != crc:
            raise ValueError(f"CRC mismatch at {pos}")
        pos += 7 + length
        if kind == 1:
            yield payload
        elif kind == 2:
            parts = [payload]
        elif kind == 3:
            parts.append(payload)
        elif kind == 4:
            parts.append(payload)
            yield b"".join(parts)
            parts = None
        else:
            raise ValueError(f"bad chunk type {kind} at {pos}")


def main() -> None:
    data = open(sys.argv[1], "rb").read()
    out = []
    for payload in records(data):
        record = wandb_internal_pb2.Record()
        record.ParseFromString(payload)
        # every field must be one the real schema knows (unknown ones would be kept silently)
        kind = record.WhichOneof("record_type")
        for message in (record, getattr(record, kind) if kind else None):
            if message is not None and len(unknown_fields.UnknownFieldSet(message)) > 0:
                raise ValueError(f"record {record.num} ({kind}) has fields wandb does not know")
        out.append(json_format.MessageToDict(record, preserving_proto_field_name=True))
    json.dump({"records": out, "blocks": (len(data) + BLOCK - 1) // BLOCK}, sys.stdout)


if __name__ == "__main__":
    main()
