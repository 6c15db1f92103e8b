from django.db import migrations, models

# Staff already allowed to sign get a capacity read from their position, as a clerk would:
# "Phó …" signs for the head, "Quyền …" acts as head, a clerk's position signs for nobody (the
# form then asks for a capacity before saving), any other position is the head's.
CLERKS = ("chuyen vien", "can bo", "nhan vien", "van thu", "thu ky", "ke toan")


def signs_as_from_position(apps, schema_editor):
    from emulation_portal.text import fold

    StaffAssignment = apps.get_model("blocs", "StaffAssignment")
    for staff in StaffAssignment.objects.filter(can_sign=True, signs_as=""):
        position = fold(staff.position)
        if position.startswith("pho "):
            staff.signs_as = "deputy"
        elif position.startswith("quyen "):
            staff.signs_as = "acting"
        elif position and not position.startswith(CLERKS):
            staff.signs_as = "head"
        else:
            continue
        staff.save(update_fields=["signs_as"])


class Migration(migrations.Migration):
    dependencies = [
        ("blocs", "0003_vietnamese_constraint_messages_text_bounds"),
    ]

    operations = [
        migrations.AddField(
            model_name="staffassignment",
            name="signs_as",
            field=models.CharField(
                blank=True,
                choices=[
                    ("head", "Người đứng đầu"),
                    ("deputy", "Cấp phó ký thay (KT.)"),
                    ("acting", "Quyền người đứng đầu (Q.)"),
                ],
                help_text='Quyết định dòng quyền hạn trên chữ ký: người đứng đầu ký chức vụ của '
                'mình, cấp phó ký "KT.", quyền người đứng đầu ký "Q.".',
                max_length=10,
                verbose_name="ký với tư cách",
            ),
        ),
        migrations.RunPython(signs_as_from_position, migrations.RunPython.noop),
    ]
