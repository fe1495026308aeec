from django import forms

MAX_PDF_BYTES = 20 * 1024 * 1024

CHOOSE_FILE = "Select the agreement PDF to check."
NOT_A_PDF = "The selected file must be a PDF."
TOO_LARGE = "The selected file must be smaller than 20MB."
EMPTY_FILE = "The selected file is empty."


class VerifyForm(forms.Form):
    """One PDF to check against the fingerprints of issued agreements."""

    pdf = forms.FileField(
        label="Upload the agreement PDF",
        error_messages={"required": CHOOSE_FILE, "empty": EMPTY_FILE, "invalid": CHOOSE_FILE},
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        content = b"".join(upload.chunks())
        if not content.startswith(b"%PDF-"):
            raise forms.ValidationError(NOT_A_PDF)
        self.content = content
        return upload
