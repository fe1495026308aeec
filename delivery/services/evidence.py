"""Evidence for activities: a link or a small file. A file is accepted only if its extension is one
we take and its first bytes are that kind of file (the browser's declared type is not trusted), and
it is no bigger than settings.EVIDENCE_MAX_BYTES."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from partnerships.models import Activity, Partnership
from partnerships.services.common import delete_with_history, save_with_history

from ..models import ActivityEvidence

NOT_RUNNING = "You can add evidence once the partnership is agreed and while it runs. This one is {status}."
LINK_OR_FILE = "Add a link or choose a file, not both"
NEITHER = "Enter a link or choose a file"
TOO_BIG = "The file must be smaller than {limit}"
EMPTY = "The selected file is empty"
WRONG_TYPE = "The file must be a PDF, a JPG or PNG image, or a Word, Excel or PowerPoint document"
NOT_WHAT_IT_SAYS = "The file is not a real {kind}: its contents do not match its name"
LINK_SCHEME = "Enter a link starting with https:// or http://"

# extension -> (content type, what it is, check of the first bytes or of the zip's contents)
OOXML = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
TYPES = {
    "pdf": ("application/pdf", "PDF"),
    "png": ("image/png", "PNG image"),
    "jpg": ("image/jpeg", "JPG image"),
    "jpeg": ("image/jpeg", "JPG image"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel spreadsheet"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint presentation"),
}
SIGNATURES = {"pdf": b"%PDF-", "png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff"}


def _is_office_document(upload, folder: str) -> bool:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


def checked_file_type(upload) -> str:
    """The content type of an acceptable upload; a ValidationError (on "file") for anything else."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size == 0:
        raise ValidationError({"file": EMPTY})
    if upload.size > limit:
        raise ValidationError({"file": TOO_BIG.format(limit=filesizeformat(limit))})
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in TYPES:
        raise ValidationError({"file": WRONG_TYPE})
    content_type, kind = TYPES[extension]
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    genuine = (
        head.startswith(SIGNATURES[extension])
        if extension in SIGNATURES
        else (head.startswith(b"PK\x03\x04") and _is_office_document(upload, OOXML[extension]))
    )
    if not genuine:
        raise ValidationError({"file": NOT_WHAT_IT_SAYS.format(kind=kind)})
    return content_type


@transaction.atomic
def evidence_add(*, activity: Activity, added_by, title: str, url: str = "", file=None) -> ActivityEvidence:
    """Evidence for an activity: a link (http or https) or one small checked file."""
    partnership = activity.partnership
    if partnership.status not in Partnership.Status.BINDING:
        raise ValidationError(NOT_RUNNING.format(status=partnership.get_status_display().lower()))
    url = (url or "").strip()
    if url and file:
        raise ValidationError({"url": LINK_OR_FILE})
    if not url and not file:
        raise ValidationError({"url": NEITHER})
    if url and not url.lower().startswith(("https://", "http://")):
        raise ValidationError({"url": LINK_SCHEME})
    evidence = ActivityEvidence(activity=activity, title=title.strip(), url=url, added_by=added_by)
    if file:
        evidence.content_type = checked_file_type(file)
        evidence.filename, evidence.size = file.name[-255:], file.size
        evidence.file = file
    return save_with_history(evidence, by=added_by, reason="Evidence added")


@transaction.atomic
def evidence_delete(*, evidence: ActivityEvidence, deleted_by) -> None:
    """Remove evidence; its file goes once the removal is committed."""
    stored = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage if evidence.file else None
    delete_with_history(evidence, by=deleted_by, reason="Evidence removed")
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
