# Full-text search of comments (ADR 0042): PostgreSQL's GIN index on a generated to_tsvector('english', text), SQLite's FTS5
# external-content table kept by triggers; plus the index of the comment browser's newest-first keyset pages.

from django.db import migrations, models

from coqi.experience import search


class Migration(migrations.Migration):

    dependencies = [
        ('experience', '0002_summaries'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='feedbackcomment',
            index=models.Index(fields=['organisation', 'received_on', 'id'], name='feedback_org_newest'),
        ),
        migrations.RunPython(search.create_index, search.drop_index, elidable=False),
    ]
