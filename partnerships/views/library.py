"""The trust's clause library: standard clauses staff copy into partnerships' terms."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from partnerships import permissions, services
from partnerships.forms import AddFromLibraryForm, LibraryClauseForm
from partnerships.model_clauses import MODEL_CLAUSES, STARTING_POINT
from partnerships.models import ClauseSection, LibraryClause

from .mixins import ConfirmationView, ServiceFormView
from .terms import ClauseCreateView


class LibraryMixin(LoginRequiredMixin):
    """Trust staff only (403 for anyone else); clauses from the user's own trust only (404)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_manage_clause_library(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def library(self):
        return LibraryClause.objects.filter(trust_id=self.request.user.trust_id)

    @property
    def object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.library(), pk=self.kwargs["pk"])
        return self._object

    def list_url(self):
        return reverse("partnerships:library-clause-list")

    def detail_url(self):  # where ServiceFormView goes after saving
        return self.list_url()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "caption": "Clause library", "back_url": self.list_url()}


class LibraryClauseListView(LibraryMixin, TemplateView):
    template_name = "partnerships/libraryclause_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        clauses = list(self.library().order_by("section", "heading", "id"))
        sections = {}
        for clause in clauses:
            if not clause.is_archived:
                sections.setdefault(clause.section, []).append(clause)
        context.update(
            model_clauses_missing=len(MODEL_CLAUSES) - sum(clause.from_model_set for clause in clauses),
            starting_point=STARTING_POINT,
            trust=self.request.user.trust,
            sections=[{"title": ClauseSection(number).label, "clauses": items} for number, items in sections.items()],
            archived=[clause for clause in clauses if clause.is_archived],
        )
        return context


class LibraryClauseCreateView(LibraryMixin, ServiceFormView):
    template_name = "partnerships/libraryclause_form.html"
    form_class = LibraryClauseForm
    heading = "Add a clause to the library"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit": "Save to library"}

    def perform(self, form):
        return services.library_clause_create(
            trust=self.request.user.trust, created_by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, clause):
        return f"Added to the library: {clause.heading}"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": self.heading}


class LibraryClauseUpdateView(LibraryClauseCreateView):
    versioned = "object"
    heading = "Change a library clause"

    def get_initial(self):
        return {"section": self.object.section, "heading": self.object.heading, "body": self.object.body}

    def perform(self, form):
        return services.library_clause_update(
            library_clause=self.object,
            updated_by=self.request.user,
            expected_version=self.expected_version,
            **form.cleaned_data,
        )

    def get_success_message(self, clause):
        return f"Library clause saved: {clause.heading}. Partnerships that already use it keep their own copy."


class LibraryClauseArchiveView(LibraryMixin, ConfirmationView):
    """Archive (or restore) a library clause. Partnerships that copied it keep their copy."""

    archive = True

    def get_heading(self):
        verb = "archive" if self.archive else "restore"
        return f"Are you sure you want to {verb} ‘{self.object.heading}’?"

    def get_explanation(self):
        if self.archive:
            return "Staff will no longer be able to add it to partnerships. Partnerships that already use it keep their copy."
        return "Staff will be able to add it to partnerships again."

    @property
    def button_label(self):
        return "Archive clause" if self.archive else "Restore clause"

    @property
    def button_class(self):
        return "govuk-button--warning" if self.archive else ""

    def get_cancel_url(self):
        return self.list_url()

    def perform(self, form):
        return services.library_clause_update(
            library_clause=self.object, updated_by=self.request.user, is_archived=self.archive
        )

    def get_success_message(self, clause):
        return f"{'Archived' if self.archive else 'Restored'}: {clause.heading}"


class LibraryModelClausesView(LibraryMixin, ConfirmationView):
    """Copy the model clause set into the trust's library: the starting point for a new trust."""

    button_label = "Add the model clauses"
    button_class = ""
    heading = "Add the model clauses to your library?"
    warning = STARTING_POINT

    def get_explanation(self):
        return (
            f"The model clause set has {len(MODEL_CLAUSES)} clauses, from definitions to governing law, shaped on "
            "the DfE's model service level agreement for trust partnerships. Clauses your library already has "
            "(same section and heading) are not added again."
        )

    def get_cancel_url(self):
        return self.list_url()

    def perform(self, form):
        return services.library_add_model_clauses(trust=self.request.user.trust, added_by=self.request.user)

    def get_success_message(self, added):
        if not added:
            return "Your library already has every model clause"
        return f"Added {len(added)} model clause{'s' if len(added) != 1 else ''} to the library. Review them before you use them."


class ClauseAddFromLibraryView(ClauseCreateView):
    """Copy several clauses from the trust's library into a partnership's terms at once. Only this
    trust's non-archived clauses are offered (a posted id outside them is a form error, never
    another trust's text); a clause the partnership already has is marked, and skipped."""

    template_name = "partnerships/clause_add_from_library.html"
    form_class = AddFromLibraryForm
    heading = "Add clauses from your library"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "trust": self.partnership.trust, "partnership": self.partnership}

    def perform(self, form):
        return services.clauses_add_from_library(
            partnership=self.partnership,
            library_clauses=form.cleaned_data["library_clause"],
            added_by=self.request.user,
        )

    def get_success_message(self, result):
        added, skipped = result
        message = f"{_clauses(len(added)).capitalize()} added: {', '.join(clause.heading for clause in added)}."
        if skipped:
            message += f" Not added, already in this partnership: {', '.join(clause.heading for clause in skipped)}."
        return message


def _clauses(count: int) -> str:
    return f"{count} clause{'s' if count != 1 else ''}"
