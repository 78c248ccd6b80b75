"""A small FastAPI server for binary downloads and multi-file uploads, with its own spec.

The SDK tests generate Python and TypeScript SDKs from :data:`SPEC` and run them against
:func:`create_binary_app`, in-process and on loopback. The server parses multipart bodies with
the standard library's MIME parser, independent of both SDK encoders, and answers with what it
received (names, file names, sizes, SHA-256s), so a test compares the bytes end to end.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib

from fastapi import FastAPI, HTTPException, Request, Response

SPEC = """\
openapi: 3.1.0
info: {title: Binary Test, version: "1"}
servers: [{url: "http://binary.test"}]
paths:
  /blobs/random:
    get:
      operationId: downloadRandom
      summary: 256 random bytes.
      responses:
        "200":
          description: the bytes
          content:
            application/octet-stream: {schema: {type: string, format: binary}}
  /blobs/image:
    get:
      operationId: downloadImage
      responses:
        "200":
          description: a PNG
          content:
            image/png: {schema: {type: string, format: binary}}
  /blobs/{blob_id}:
    parameters: [{name: blob_id, in: path, required: true, schema: {type: string}}]
    put:
      operationId: putBlob
      requestBody:
        required: true
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
      responses:
        "200":
          description: what was stored
          content: {application/json: {schema: {$ref: "#/components/schemas/Digest"}}}
    delete:
      operationId: deleteBlob
      responses:
        "204":
          description: deleted (the media type below is a spec flaw real APIs have)
          content: {application/json: {schema: {type: object}}}
  /notes:
    get:
      operationId: readNotes
      responses:
        "200":
          description: plain text
          content:
            text/plain: {schema: {type: string}}
  /uploads:
    post:
      operationId: createUpload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [label, cover, attachments]
              properties:
                label: {type: string}
                cover: {type: string, format: binary}
                attachments: {type: array, items: {type: string, format: binary}}
                thumbnail: {type: string, contentMediaType: image/png}
      responses:
        "200":
          description: what the server received
          content: {application/json: {schema: {$ref: "#/components/schemas/UploadReport"}}}
components:
  schemas:
    Digest:
      type: object
      required: [size, sha256]
      properties: {size: {type: integer}, sha256: {type: string}}
    Part:
      type: object
      required: [name, size, sha256]
      properties:
        name: {type: string}
        filename: {type: [string, "null"]}
        size: {type: integer}
        sha256: {type: string}
    UploadReport:
      type: object
      required: [parts]
      properties: {parts: {type: array, items: {$ref: "#/components/schemas/Part"}}}
"""

NOTES = "line one\nümlaut and emoji 😀\r\nlast line without newline"


def digest(data: bytes) -> dict[str, object]:
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def create_binary_app(random_bytes: bytes, image: bytes) -> FastAPI:
    """Serve ``random_bytes`` and ``image`` as the downloads (the test keeps the originals)."""
    app = FastAPI()

    # Downloads echo the request's Accept header, so a test can see what the SDK asked for.
    @app.get("/blobs/random")
    def download_random(request: Request) -> Response:
        accept = {"x-seen-accept": request.headers.get("accept", "")}
        return Response(random_bytes, media_type="application/octet-stream", headers=accept)

    @app.get("/blobs/image")
    def download_image(request: Request) -> Response:
        accept = {"x-seen-accept": request.headers.get("accept", "")}
        return Response(image, media_type="image/png", headers=accept)

    @app.put("/blobs/{blob_id}")
    async def put_blob(blob_id: str, request: Request) -> dict[str, object]:
        if request.headers.get("content-type") != "application/octet-stream":
            raise HTTPException(415, "expected application/octet-stream")
        return digest(await request.body())

    @app.delete("/blobs/{blob_id}", status_code=204)
    def delete_blob(blob_id: str) -> Response:
        return Response(status_code=204)

    @app.get("/notes")
    def read_notes() -> Response:
        return Response(NOTES.encode("utf-8"), media_type="text/plain; charset=utf-8")

    @app.post("/uploads")
    async def create_upload(request: Request) -> dict[str, object]:
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith("multipart/form-data; boundary="):
            raise HTTPException(415, f"expected multipart/form-data, got {content_type!r}")
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            head + await request.body()
        )
        if not message.is_multipart() or message.defects:
            raise HTTPException(400, f"malformed multipart body: {message.defects}")
        parts = []
        for part in message.iter_parts():
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            name = part.get_param("name", header="content-disposition")
            parts.append({"name": name, "filename": part.get_filename(), **digest(payload)})
        return {"parts": parts}

    return app
