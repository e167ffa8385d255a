import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewprep.settings")
application = get_wsgi_application()
# Everything loaded so far (Django, the apps, the URL patterns) lives as long as the process:
# keep it out of the collector's full passes, which otherwise walk it all every few hundred
# requests and pause that request for tens of milliseconds.
gc.freeze()
