# Full-text search of comments (ADR 0042): PostgreSQL's GIN index on a generated to_tsvector('english', text), SQLite's FTS5
# external-content table kept by triggers; plus the index of the comment browser's newest-first keyset pages.
# Depends on 0001_initial on this branch; once 0002_summaries lands, this depends on it instead.

from django.db import migrations, models

from coqi.experience import search


class Migration(migrations.Migration):

    dependencies = [
        ('experience', '0001_initial'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='feedbackcomment',
            index=models.Index(fields=['organisation', 'received_on', 'id'], name='feedback_org_newest'),
        ),
        migrations.RunPython(search.create_index, search.drop_index, elidable=False),
    ]
