"""Fixtures the hostile-input tests share with the classroom tests: the seminar scenario, its
class and its file, so a hostile report is built from the same class as a friendly one."""

from tests.classroom.conftest import seminar, seminar_class, seminar_path  # noqa: F401 (fixtures)
