"""Drawing one PDF page onto another (pikepdf): the poster's chart into its box, the booklet's running
headers and page numbers onto its pages, the version date (render/dated.py)."""

from __future__ import annotations


def place(pdf, page, drawing, rect, name: str, form=None):
    """Draw page ``drawing`` (of any PDF) onto ``page`` of ``pdf``, scaled into ``rect`` (a
    pikepdf.Rectangle in points), as a form XObject called ``name``, and return that form: given back
    as ``form``, the next page draws the same object (one copy in the file). pikepdf's own add_overlay
    picks a random resource name, so its output differs from run to run; this one does not."""
    import pikepdf

    # Pages of one document often share a resource dictionary: give this page its own before naming
    # the drawing in it, or every page sharing it would show the last page's drawing.
    resources = pikepdf.Dictionary({k: v for k, v in page.obj.get(pikepdf.Name.Resources, {}).items()})
    if pikepdf.Name.XObject in resources:
        resources.XObject = pikepdf.Dictionary({k: v for k, v in resources.XObject.items()})
    page.obj.Resources = resources
    if form is None:
        form = pdf.copy_foreign(drawing.as_form_xobject())
    key = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(name))
    drawn = page.calc_form_xobject_placement(form, key, rect, allow_expand=True)
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)  # the page's own drawing state ends
    page.contents_add(pikepdf.Stream(pdf, b"\nQ\nq\n" + drawn + b"\nQ\n"))  # before the drawing's starts
    return form
