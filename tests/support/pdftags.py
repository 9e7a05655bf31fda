"""What a tagged PDF must hold together, checked with pikepdf: one structure tree whose
ParentTree, pages and annotations agree, and page furniture drawn only as artifacts."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name
from pypdf import PdfReader


def structure_problems(path: Path) -> list[str]:
    """Everything wrong with the PDF's structure tree, as sentences; [] when it is sound:
    one StructTreeRoot with one Document element; every element's /P its parent; every
    marked-content id on every page reached from the tree, and the ParentTree pointing each
    back to the element that holds it; every link annotation in the tree."""
    problems = []
    with pikepdf.open(path) as pdf:
        roots = [
            obj
            for obj in pdf.objects
            if isinstance(obj, Dictionary) and obj.get("/Type") == Name.StructTreeRoot
        ]
        if len(roots) != 1:
            problems.append(f"{len(roots)} StructTreeRoot objects")
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return problems + ["no StructTreeRoot in the catalog"]
        top = list(root.K) if isinstance(root.K, Array) else [root.K]
        if len(top) != 1 or top[0].get("/S") != Name.Document:
            problems.append("the tree's root does not hold exactly one Document element")
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
        in_tree: dict[tuple, object] = {}  # (page number, mcid) → element
        objects: dict[tuple, object] = {}  # annotation objgen → element
        stack = [(element, root, None) for element in top]
        while stack:
            element, parent, page = stack.pop()
            if element.get("/P") is None or element.P.objgen != parent.objgen:
                problems.append(f"{element.get('/S')} does not name its parent")
            page = element.get("/Pg", page)
            kids = element.get("/K")
            for kid in list(kids) if isinstance(kids, Array) else [] if kids is None else [kids]:
                if isinstance(kid, int):
                    in_tree[(pages.get(page.objgen), kid)] = element
                elif kid.get("/Type") == Name.MCR:
                    in_tree[(pages.get(kid.get("/Pg", page).objgen), int(kid.MCID))] = element
                elif kid.get("/Type") == Name.OBJR:
                    objects[kid.Obj.objgen] = element
                else:
                    stack.append((kid, element, page))
        parent_tree = {}
        node_stack = [root.ParentTree]
        while node_stack:
            node = node_stack.pop()
            values = list(node.get("/Nums", ()))
            for i in range(0, len(values), 2):
                if int(values[i]) in parent_tree:
                    problems.append(f"ParentTree key {int(values[i])} twice")
                parent_tree[int(values[i])] = values[i + 1]
            node_stack += list(node.get("/Kids", ()))
        marked = set()
        for number, page in enumerate(pdf.pages, 1):
            for operands, operator in pikepdf.parse_content_stream(page):
                if (
                    operator == pikepdf.Operator("BDC")
                    and isinstance(operands[1], Dictionary)
                    and "/MCID" in operands[1]
                ):
                    marked.add((number, int(operands[1].MCID)))
            if any(pages_of == number for pages_of, _ in marked):
                key = page.obj.get("/StructParents")
                if key is None or int(key) not in parent_tree:
                    problems.append(f"page {number} has marked content but no ParentTree entry")
                    continue
                owners = parent_tree[int(key)]
                for _, mcid in [m for m in marked if m[0] == number]:
                    owner = in_tree.get((number, mcid))
                    if owner is None:
                        problems.append(f"page {number}: MCID {mcid} is not reached from the tree")
                    elif mcid >= len(owners) or owners[mcid].objgen != owner.objgen:
                        problems.append(f"page {number}: the ParentTree gives MCID {mcid} the wrong element")
            for annotation in page.obj.get("/Annots", ()):
                if annotation.get("/Subtype") == Name.Link:
                    owner = objects.get(annotation.objgen)
                    key = annotation.get("/StructParent")
                    if (
                        owner is None
                        or key is None
                        or parent_tree.get(int(key)) is None
                        or parent_tree[int(key)].objgen != owner.objgen
                    ):
                        problems.append(
                            f"page {number}: a link is not in the tree, or its "
                            "StructParent does not lead back to it"
                        )
        missing = set(in_tree) - marked
        if missing:
            problems.append(f"{len(missing)} MCIDs in the tree are on no page, e.g. {sorted(missing)[:3]}")
    return problems


def stamped_pages(path: Path) -> tuple[list[int], list[int]]:
    """(pages with a form XObject that draws text painted inside an /Artifact sequence, and
    pages where one is painted outside any, or holds tagged content of its own). The
    papers' own text is drawn in the page's content, never by a form."""
    stamped, wrong = [], []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            forms = page.obj.Resources.get("/XObject", {})
            stack = []
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name in ("BDC", "BMC"):
                    stack.append(str(operands[0]))
                elif name == "EMC":
                    stack.pop()
                elif name == "Do":
                    form = forms[operands[0]]
                    inner = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(form)).decode(
                        "latin-1"
                    )
                    draws_text = b"TJ" in form.read_bytes() or b"Tj" in form.read_bytes()
                    if draws_text and ("/Artifact" not in stack or "/MCID" in inner):
                        wrong.append(number)
                    elif draws_text and number not in stamped:
                        stamped.append(number)
    return stamped, wrong


def outline(pdf: PdfReader, entries=None, depth=0) -> list[tuple[int, str, int]]:
    """(depth, title, page number from 1) of every bookmark, in order."""
    found = []
    for entry in pdf.outline if entries is None else entries:
        if isinstance(entry, list):
            found += outline(pdf, entry, depth + 1)
        else:
            found.append((depth, entry.title, pdf.get_destination_page_number(entry) + 1))
    return found
