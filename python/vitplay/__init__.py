"""vitplay figures in Jupyter notebooks, offline.

    import vitplay
    vitplay.show(scene="self-attention", step=4)       # a live figure in this cell's output
    vitplay.show_vit("my_digit.png")                   # the ViT scene reading an image file
    vitplay.save_html("figure.html", scene="multi-head", step=3)   # a page that works from disk

The figures run the prebuilt WebAssembly module from a vitplay build or an installed package
(found by dist_dir(); use() points at another). The first figure of a session puts the module
into the notebook (the embed script, vitplay.js, and vitplay.wasm, vitplay.data and the engine's
worker and module as base64);
the figures after it share that copy, so the notebook and its nbconvert HTML export need no
server and no network. Standard library and IPython only.
"""
import base64
import html
import json
import os
import pathlib
import uuid

__all__ = ["show", "show_vit", "save_html", "init", "use", "dist_dir"]

# What a folder must hold to serve figures: a build's build/web or a package's dist/.
REQUIRED_FILES = ("vitplay-embed.js", "vitplay.js", "vitplay.wasm", "vitplay.data",
                  "vitplay-engine-worker.js", "vitplay-engine.js", "vitplay-engine.wasm")
MAX_IMAGE_BYTES = 20 * 1024 * 1024

_chosen_dist = None       # set by use()
_module_in_page = False   # whether this session's outputs already carry the module

_HERE = pathlib.Path(__file__).resolve().parent


def _holds_files(folder):
    return all((folder / name).is_file() for name in REQUIRED_FILES)


def _candidates():
    if _chosen_dist is not None:
        yield _chosen_dist
    if os.environ.get("VITPLAY_DIST"):
        yield pathlib.Path(os.environ["VITPLAY_DIST"]).expanduser()
    # this module inside an installed package: node_modules/vitplay/python/vitplay
    yield _HERE.parent.parent / "dist"
    # a package installed next to the notebook, or in a folder above it
    cwd = pathlib.Path.cwd()
    for folder in (cwd, *cwd.parents):
        yield folder / "node_modules" / "vitplay" / "dist"
    # this module in the vitplay repository, after ci/build web
    yield _HERE.parent.parent / "build" / "web"


def dist_dir():
    """The folder whose files the figures use: use()'s, else $VITPLAY_DIST, else the package
    this module came with, else node_modules/vitplay/dist next to the notebook or above it,
    else the repository's build/web. Raises FileNotFoundError saying where it looked."""
    tried = []
    for folder in _candidates():
        if _holds_files(folder):
            return folder.resolve()
        tried.append(str(folder))
    raise FileNotFoundError(
        "vitplay: no build or package found (looked for %s in: %s). Build one (ci/build web), install "
        "the package (npm install vitplay-<version>.tgz), or call vitplay.use('path/to/dist')."
        % (", ".join(REQUIRED_FILES), "; ".join(tried)))


def use(folder):
    """Takes the figures' files from `folder` (a build/web or a package's dist/) from now on."""
    global _chosen_dist, _module_in_page
    folder = pathlib.Path(folder).expanduser()
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError("vitplay.use: %s has no %s" % (folder, ", ".join(missing)))
    _chosen_dist = folder.resolve()
    _module_in_page = False  # another build: the next figure brings its module


def _script(code):
    # A script's text ends at the first "</script": keep that sequence out of it.
    return "<script>%s</script>" % code.replace("</script", "<\\/script")


def _bytes_block(block_id, data):
    """Bytes as base64 in an inert <script> block; _bytes_js(block_id) reads them back."""
    return '<script type="application/octet-stream" id="%s">%s</script>' % (
        block_id, base64.b64encode(data).decode("ascii"))


def _bytes_js(block_id):
    return ("Uint8Array.from(atob(document.getElementById(%s).textContent), "
            "function (c) { return c.charCodeAt(0); })" % json.dumps(block_id))


def module_html():
    """The module for one page: vitplay.js and the embed script (which defines <vitplay-figure>),
    and the files they would otherwise fetch: the .wasm and .data, and the engine's worker."""
    folder = dist_dir()
    tag = uuid.uuid4().hex
    blocks = {"vitplay.wasm": "vitplay-wasm-" + tag, "vitplay.data": "vitplay-data-" + tag,
              "vitplay-engine-worker.js": "vitplay-engine-worker-" + tag, "vitplay-engine.js": "vitplay-engine-js-" + tag,
              "vitplay-engine.wasm": "vitplay-engine-wasm-" + tag}
    # vitplay.js would register itself with the page's require.js (Jupyter has one) as an
    # anonymous AMD module, which require.js then refuses: it sees no define, module or exports
    factory = ("(function (define, module, exports) {\n%s\nwindow.createVitplayModule = createVitplayModule;\n})();"
               % (folder / "vitplay.js").read_text(encoding="utf-8"))
    parts = [_script(factory), _script((folder / "vitplay-embed.js").read_text(encoding="utf-8"))]
    parts += [_bytes_block(block, (folder / name).read_bytes()) for name, block in blocks.items()]
    parts.append(_script("VitPlay.preload({%s});" % ", ".join(
        "%s: %s" % (json.dumps(name), _bytes_js(block)) for name, block in blocks.items())))
    return "\n".join(parts)


def figure_html(scene="self-attention", step=None, lang=None, state=None, height=420, element_id=None):
    """A <vitplay-figure> for a page that holds the module (module_html()). Its attributes are
    checked by the figure: a bad one falls back to its default with a notice."""
    element_id = element_id or "vitplay-" + uuid.uuid4().hex
    attributes = {"id": element_id, "scene": scene, "step": step, "lang": lang, "state": state, "height": height}
    text = " ".join('%s="%s"' % (k, html.escape(str(v), quote=True)) for k, v in attributes.items() if v is not None)
    # if the cell that brought the module was cleared, say so where the figure would be
    check = ("if (!window.VitPlay) document.getElementById(%s).textContent = "
             "'vitplay: the module is not in this page; run vitplay.init() in a cell above.';" % json.dumps(element_id))
    return "<vitplay-figure %s></vitplay-figure>\n%s" % (text, _script(check))


def _display(markup):
    from IPython.display import HTML, display
    display(HTML(markup))


def init():
    """Puts the module into this cell's output (show() does it for the session's first figure)."""
    global _module_in_page
    _display(module_html())
    _module_in_page = True


def _with_module(markup):
    global _module_in_page
    if _module_in_page:
        return markup
    head = module_html()
    _module_in_page = True
    return head + "\n" + markup


def show(scene="self-attention", step=None, lang=None, state=None, height=420):
    """A live figure in the cell's output: the scene at the step (from 1), in lang ('en' or
    'zh'), with a share link's state ('v1....') if given."""
    _display(_with_module(figure_html(scene, step, lang, state, height)))


def _image_script(element_id, image_path):
    path = pathlib.Path(image_path).expanduser()
    if not path.is_file():
        raise FileNotFoundError("vitplay.show_vit: no image file %s (relative paths start in %s)"
                                % (path, pathlib.Path.cwd()))
    data = path.read_bytes()
    if len(data) > MAX_IMAGE_BYTES:
        raise ValueError("vitplay.show_vit: %s is %d bytes, more than %d" % (path, len(data), MAX_IMAGE_BYTES))
    block = element_id + "-image"
    # the figure decodes and checks the file as if it had been dropped on it; a refusal shows
    # under it with its reason
    code = """(function () {
  var el = document.getElementById(%(id)s);
  el.openFile(new Blob([%(bytes)s]), %(name)s).catch(function (e) {
    var p = document.createElement('p');
    p.className = 'vitplay-notice';
    p.textContent = 'vitplay: ' + e.message;
    el.appendChild(p);
  });
})();""" % {"id": json.dumps(element_id), "bytes": _bytes_js(block), "name": json.dumps(path.name)}
    return _bytes_block(block, data) + "\n" + _script(code)


def show_vit(image_path, step=None, lang=None, height=560):
    """The ViT scene reading an image file (a path from the notebook's folder), as if it had
    been dropped on the figure."""
    element_id = "vitplay-" + uuid.uuid4().hex
    figure = figure_html("vit", step, lang, None, height, element_id)
    _display(_with_module(figure + "\n" + _image_script(element_id, image_path)))


def save_html(path, scene="self-attention", step=None, lang=None, state=None, height=420, title=None):
    """Writes a page holding the module and one figure, which works opened from disk."""
    title = title or "vitplay: %s" % scene
    page = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title></head>
<body>
%s
%s
</body>
</html>
""" % (html.escape(title), module_html(), figure_html(scene, step, lang, state, height))
    pathlib.Path(path).write_text(page, encoding="utf-8")
    return pathlib.Path(path)
