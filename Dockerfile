# The web image for docker-compose.yml: the site under gunicorn, dependencies from the lock file.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY . .
# Pyodide for the coding questions: the pinned npm tarball, its integrity hash checked.
RUN python requirements/fetch_pyodide.py
# A throwaway key: collectstatic needs settings, not secrets.
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
EXPOSE 8000
