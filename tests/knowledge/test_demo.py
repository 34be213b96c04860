import datetime as dt

import pytest

from demo import seed as base
from knowledge.demo import seed_knowledge
from knowledge.models import Article, LessonLearned
from knowledge.selectors import article_list

pytestmark = pytest.mark.django_db


def test_demo_shows_every_state():
    demo = base.Demo(today=dt.date(2026, 11, 24), scale=1, password="demo-pass-2026")
    base.seed_people(demo)
    base.seed_projects(demo)
    seed_knowledge(demo)
    assert Article.objects.count() >= 18
    assert set(Article.objects.values_list("kind", flat=True)) >= {
        "how_to", "runbook", "known_error", "post_mortem", "faq", "lessons_learned"
    }  # fmt: skip
    assert Article.objects.filter(version__gte=3).exists()
    assert Article.objects.stale(on=demo.today).count() == 1
    assert LessonLearned.objects.filter(article__isnull=False).count() == 1
    client_person = demo.client_people["ninghai"][0][0]
    assert article_list(client_person, q="VPN").exists()
    assert article_list(demo.pmo, q="备份").exists()
