"""What an operationId says about its method name, language-neutrally.

The path shape (:mod:`.resources`) proposes a name: a CRUD name (``create``/``list``/
``retrieve``/``update``/``delete``) or an action segment (``/files/{id}/content`` →
``content``). The operationId then refines it, the way the official (Stainless-built) SDKs read:

- its *verb* is the method name when it is not plain CRUD: ``upload_file`` on ``/files`` →
  ``files.upload``, ``register_shield`` → ``shields.register``; the object words that only
  repeat the resource (``file``, ``shield``) are dropped;
- a CRUD verb (``get``, ``add``, ``remove``...) keeps the path shape's name: ``add_items`` on
  ``/items`` is ``create``, and ``get_file_metadata`` on ``/files/{id}`` is ``retrieve``
  (the item itself is what is fetched; only ``/files/{id}/metadata`` would be ``metadata``);
  ``list_...`` turns a collection ``retrieve`` into ``list``;
- on an action segment that is a noun (``/jobs/{id}/events``), a verb other than a read
  (``get``/``retrieve``...) is kept with the segment: ``list_fine_tuning_events`` →
  ``list_events``, ``create_image_variation`` → ``create_variation``, ``download_file`` →
  ``download``; a read verb leaves the noun (``retrieve_file_content`` → ``content``). A segment
  that is itself a verb phrase (``run-shield``, ``set-default-version``) is the name.

The verbs are a fixed list (below), so the result is deterministic and reviewable; a word
outside it is not a verb (``openai_chat_completion``, ``health``).
"""

from __future__ import annotations

import functools
import re

from generator.naming import words_of

READ_VERBS = frozenset({"get", "retrieve", "fetch", "read", "show", "describe", "find"})
CRUD_VERBS = READ_VERBS | frozenset(
    {"list", "create", "add", "new", "post", "put", "update", "modify", "edit", "patch",
     "replace", "upsert", "delete", "remove", "destroy", "clear", "set"}
)
"""Verbs the HTTP method and path shape already say (``set_x`` is an update)."""
ACTION_VERBS = frozenset(
    {"upload", "download", "register", "unregister", "cancel", "send", "verify", "search",
     "query", "insert", "publish", "unpublish", "archive", "unarchive", "restore", "approve",
     "reject", "submit", "start", "stop", "pause", "resume", "retry", "reset", "revoke",
     "validate", "generate", "tokenize", "detokenize", "compact", "count", "invoke", "execute",
     "trigger", "enable", "disable", "activate", "deactivate", "import", "export", "copy",
     "duplicate", "clone", "merge", "sync", "schedule", "rollback", "deploy", "preview",
     "transcribe", "translate", "rerank", "evaluate", "login", "logout", "refresh", "confirm",
     "accept", "decline", "invite", "subscribe", "unsubscribe", "lock", "unlock", "assign",
     "unassign", "transfer", "detach", "share", "move", "rename", "ping", "claim", "complete"}
)
"""Verbs that name what an operation does beyond CRUD. Deliberately absent: ``run``
(``run_moderation`` is ``moderations.create``), ``inspect`` (``providers.retrieve``) and
``attach`` (``vector_stores.files.create``), which official SDKs spell as CRUD."""
VERBS = CRUD_VERBS | ACTION_VERBS
_HTTP_ECHOES = frozenset({"post", "put", "patch"})
"""Verbs that only repeat the HTTP method (``put_upload_content``): no news for the name."""
_FILLER = frozenset({"a", "an", "the", "to", "from", "of", "for", "in", "on", "by", "with", "my"})


def operation_words(op_id: str, path: str, method: str) -> tuple[str, ...]:
    """The words of an operationId that name the operation: FastAPI's ``_<path>_<method>``
    suffix (``upload_file_v1_files_post``) and a group prefix (``api-keys/list``,
    ``files.upload``) are dropped."""
    tail = re.sub(r"\W", "_", path.split("?")[0]) + "_" + method
    if op_id.endswith(tail) and len(op_id) > len(tail):
        op_id = op_id[: -len(tail)]
    op_id = re.split(r"[/.:]", op_id.strip("/.:"))[-1] if op_id.strip("/.:") else op_id
    return words_of(op_id)


def split_verb(
    words: tuple[str, ...], resource_words: tuple[str, ...] = ()
) -> tuple[str | None, tuple[str, ...]]:
    """(verb, object words). A verb is the first word, or the second after a non-verb prefix
    (``openai_list_models``); None when the id has no verb from :data:`VERBS`. A word of the
    resource path is a noun there (``move_ailment_list``, ``generate_stream``)."""
    known = known_forms(resource_words)
    for index in (0, 1):
        if len(words) > index and words[index] in VERBS and words[index] not in known:
            if index == 1 and words[0] in VERBS:
                break
            return words[index], words[index + 1 :]
        if len(words) > index and words[index] in known:
            break
    return None, words


def known_forms(resource_words: tuple[str, ...]) -> set[str]:
    """Every word of the resource path with its singular and plural."""
    known: set[str] = set()
    for word in resource_words:
        known |= _forms(word)
    return known


def _forms(word: str) -> set[str]:
    """A word with its naive singular and plural (``batches`` ↔ ``batch``, ``policy`` ↔
    ``policies``): enough to tell that an object word repeats the resource."""
    forms = {word, word + "s", word + "es"}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if word.endswith("es"):
        forms.add(word[:-2])
    if word.endswith("s"):
        forms.add(word[:-1])
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    return forms


def object_words(objects: tuple[str, ...], resource_words: tuple[str, ...]) -> tuple[str, ...]:
    """The object words that say more than the resource path (``file`` on ``files`` goes,
    ``variation`` on ``images`` stays); filler words (``to``, ``by``...) go too."""
    known = known_forms(resource_words)
    return tuple(w for w in objects if w not in known and w not in _FILLER)


def is_verb_phrase(words: tuple[str, ...]) -> bool:
    """``run_shield``? No verb from the list; ``set_default_version``, ``facet_search``: yes."""
    return any(w in VERBS for w in words)


@functools.lru_cache(maxsize=8192)  # a pure function, asked again for every operation of every run
def refine(
    proposed: tuple[str, ...],
    *,
    action: bool,
    collection_get: bool,
    op_words: tuple[str, ...],
    resource_words: tuple[str, ...],
) -> tuple[str, ...]:
    """The method name, from the path shape's ``proposed`` words and the operationId's words
    (see the module docstring). ``collection_get``: a ``GET`` on a path that does not end with
    a parameter. ``resource_words``: every word of the resource path."""
    verb, objects = split_verb(op_words, resource_words)
    if verb is None:
        return proposed
    rest = object_words(objects, resource_words)
    if action:
        if is_verb_phrase(proposed) or verb in READ_VERBS or verb in _HTTP_ECHOES:
            return proposed
        segment = known_forms(proposed)
        named = [i for i, w in enumerate(rest) if w in segment]
        if named:  # ``list_fine_tuning_events`` on ``.../events``: up to the segment's word
            return (verb, *rest[: named[-1] + 1])
        if not rest and verb in ACTION_VERBS:  # ``download_file`` on ``/files/{id}/content``
            return (verb,)
        return proposed
    if verb in CRUD_VERBS:
        if verb == "list" and collection_get and proposed == ("retrieve",):
            return ("list",)
        return proposed
    # One object word says what the verb acts on (``disable_other``); more are mostly noise
    # (``transfer_a_users_playback`` → ``transfer``).
    return (verb, *rest) if len(rest) <= 1 else (verb,)
