"""Streamlit dashboard over the fact store (`streamlit run dashboard/app.py`)."""
