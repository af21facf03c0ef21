"""The innovation library: beneficial changes that worked, shared on purpose and adopted elsewhere.

Who sees an innovation is chosen by the organisation that shared it (`visibility`); it is never widened by an
ordinary edit (see services.change_visibility and ADR 0021). Free text is redacted before it is stored.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from coqi.core.models import Organisation


class Visibility(models.TextChoices):
    ORGANISATION = "organisation", "Only our organisation"
    SYSTEM = "system", "Organisations in our system"
    EVERYONE = "everyone", "Every organisation using Co-QI"


# Wider is larger: used to tell widening (a confirmed, audited act) from narrowing.
VISIBILITY_RANK = {Visibility.ORGANISATION: 0, Visibility.SYSTEM: 1, Visibility.EVERYONE: 2}

VISIBILITY_DESCRIPTIONS = {
    Visibility.ORGANISATION: "People in our organisation only.",
    Visibility.SYSTEM: "People in every organisation in our integrated care system.",
    Visibility.EVERYONE: "People in every organisation using Co-QI, in any system.",
}


class Ingredient(models.TextChoices):
    """The four critical ingredients for innovation and spread."""

    CO_PRODUCTION = "co_production", "Co-production as default"
    INEQUALITIES = "inequalities", "Prioritise reducing inequalities"
    LEADERSHIP = "leadership", "Leadership for innovation"
    ENVIRONMENT = "environment", "Innovation-friendly environment"


INGREDIENT_DESCRIPTIONS = {
    Ingredient.CO_PRODUCTION: "People with lived experience shaped it from the start, as equal partners.",
    Ingredient.INEQUALITIES: "It was designed to close a gap in access, experience or outcomes.",
    Ingredient.LEADERSHIP: "Leaders made room for it, backed it and shared power.",
    Ingredient.ENVIRONMENT: "Time, money, permission to test and learning from what did not work.",
}


class PopulationGroup(models.TextChoices):
    EVERYONE = "everyone", "Everyone who uses the service"
    DEPRIVED_AREAS = "deprived_areas", "People in the most deprived areas"
    ETHNIC_MINORITIES = "ethnic_minorities", "Ethnic minority communities"
    LEARNING_DISABILITY_AUTISM = "learning_disability_autism", "People with a learning disability and autistic people"
    SEVERE_MENTAL_ILLNESS = "severe_mental_illness", "People with severe mental illness"
    DISABLED_PEOPLE = "disabled_people", "Disabled people"
    OLDER_PEOPLE = "older_people", "Older people"
    CHILDREN_YOUNG_PEOPLE = "children_young_people", "Children and young people"
    CARERS = "carers", "Carers"
    HOMELESSNESS = "homelessness", "People experiencing homelessness"
    GYPSY_ROMA_TRAVELLER = "gypsy_roma_traveller", "Gypsy, Roma and Traveller communities"
    LANGUAGE = "language", "People whose first language is not English"
    LGBTQ = "lgbtq", "LGBTQ+ people"
    RURAL_COASTAL = "rural_coastal", "People in rural or coastal areas"


class Setting(models.TextChoices):
    HOSPITAL_INPATIENT = "hospital_inpatient", "Hospital wards"
    HOSPITAL_OUTPATIENT = "hospital_outpatient", "Outpatients and clinics"
    EMERGENCY = "emergency", "Emergency and urgent care"
    MENTAL_HEALTH = "mental_health", "Mental health services"
    PRIMARY_CARE = "primary_care", "GP practices and primary care"
    COMMUNITY = "community", "Community health services"
    SOCIAL_CARE = "social_care", "Social care and care homes"
    VOLUNTARY_COMMUNITY = "voluntary_community", "Voluntary and community groups"
    HOME_ONLINE = "home_online", "At home or online"
    ACROSS_SYSTEM = "across_system", "Across several organisations"


class Innovation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="innovations")
    title = models.CharField(max_length=200)
    what = models.TextField(help_text="What changed")
    why = models.TextField(help_text="Why it was needed: what mattered to people")
    evidence = models.TextField(help_text="How we know it worked")
    # Roles, not names, by default: "two carers, a ward sister and a pharmacist".
    co_produced_with = models.TextField()
    setting = models.CharField(max_length=40, choices=Setting.choices)
    visibility = models.CharField(max_length=20, choices=Visibility.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["visibility", "organisation"], name="innovation_visibility"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ingredients(self) -> list[str]:
        return [t.value for t in self.tags.all() if t.kind == InnovationTag.Kind.INGREDIENT]

    @property
    def population_groups(self) -> list[str]:
        return [t.value for t in self.tags.all() if t.kind == InnovationTag.Kind.POPULATION]

    def ingredient_labels(self) -> list[str]:
        return [Ingredient(v).label for v in self.ingredients if v in Ingredient.values]

    def population_labels(self) -> list[str]:
        return [PopulationGroup(v).label for v in self.population_groups if v in PopulationGroup.values]


class InnovationTag(models.Model):
    """One critical ingredient or population group an innovation is tagged with (a row each, so filters are plain
    joins on any database)."""

    class Kind(models.TextChoices):
        INGREDIENT = "ingredient", "Critical ingredient"
        POPULATION = "population", "Population group"

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.CharField(max_length=40)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["innovation", "kind", "value"], name="one_tag_of_each_per_innovation")
        ]
        indexes = [models.Index(fields=["kind", "value"], name="innovation_tag_lookup")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class Adoption(models.Model):
    """An organisation took up an innovation: a project was started there, seeded from it."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="innovation_adoptions")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="adopted_from"
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["adopted_at", "id"]

    def __str__(self) -> str:
        return f"{self.innovation} adopted by {self.organisation}"
