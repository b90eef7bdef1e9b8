"""An imported article's lead image, read from a file beside it, and the articles it
names under "Where to go next"."""

import io

import pytest
from PIL import Image

from articles.importing import import_article
from articles.models import Article
from studies.importing import ImportRefused
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


def image_bytes(kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "#2f6f8f").save(out, kind)
    return out.getvalue()


def write(folder, front: str, *, name: str = "article.md"):
    path = folder / name
    path.write_text(f"---\ntitle: An article\ndescription: One line.\ncategory: guides\n{front}---\nBody text.\n")
    return path


def test_an_image_beside_the_file_is_attached_with_its_description(tmp_path, editor_user, media):
    (tmp_path / "course.png").write_bytes(image_bytes())

    article = import_article(write(tmp_path, 'image: course.png\nimage_alt: "A timeline."\n'), by=editor_user)

    article.refresh_from_db()
    assert article.image.name.startswith("articles/course")
    assert (media / article.image.name).read_bytes() == image_bytes()
    assert article.image_alt == "A timeline."


def test_a_web_address_is_noted_and_not_fetched(tmp_path, editor_user):
    article = import_article(write(tmp_path, "image: /images/x.webp\nimage_alt: A vial.\n"), by=editor_user)

    assert not article.image


@pytest.mark.parametrize(
    ("front", "files", "message"),
    [
        ("image: course.png\n", {"course.png": image_bytes()}, "image_alt: describe the image"),
        ("image: missing.png\nimage_alt: A.\n", {}, "there is no file “missing.png” beside the article"),
        ("image: ../outside.png\nimage_alt: A.\n", {}, "is outside the article's folder"),
        ("image: notes.png\nimage_alt: A.\n", {"notes.png": b"not an image"}, "cannot be read as an image"),
        ("image: photo.png\nimage_alt: A.\n", {"photo.png": image_bytes("JPEG")}, "name it with .jpg"),
        ("image: anim.gif\nimage_alt: A.\n", {"anim.gif": image_bytes("GIF")}, "is a GIF image; use JPEG, PNG, WEBP"),
    ],
)
def test_an_image_file_that_is_missing_or_not_a_web_image_is_refused(tmp_path, editor_user, front, files, message):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)

    with pytest.raises(ImportRefused) as refused:
        import_article(write(folder, front), by=editor_user)

    assert any(message in problem for problem in refused.value.problems), refused.value.problems
    assert not Article.objects.exists()


def test_related_articles_are_linked_by_slug(tmp_path, editor_user):
    guide = factories.ArticleFactory(slug="the-guide")

    article = import_article(write(tmp_path, "related_articles: [the-guide]\n"), by=editor_user)

    assert list(article.related_articles.all()) == [guide]


def test_a_related_article_not_here_is_refused_with_the_nearest_slug(tmp_path, editor_user):
    factories.ArticleFactory(slug="the-guide")

    with pytest.raises(ImportRefused) as refused:
        import_article(write(tmp_path, "related_articles: [the-gide]\n"), by=editor_user)

    assert any("there is no article “the-gide”; did you mean “the-guide”?" in p for p in refused.value.problems)
