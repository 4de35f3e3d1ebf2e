# Copyright 2026 Customer Contract Authors
