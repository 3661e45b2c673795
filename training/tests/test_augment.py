import json
import os
import tempfile
import time
import unittest

import numpy as np

from hemtrain import augment as A
from hemtrain import data as D
from tests import fixtures


class AugmentTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = os.path.join(cls.tmp.name, "prepared")
        os.makedirs(cls.root)
        fixtures.make_prepared(cls.root, n=0)
        # the ventricle starts 3 voxels from the hematoma's edge, so large growth runs into it
        cls.truth = fixtures.make_case(cls.root, "case-0001", shape=(32, 36, 36), radius=5.0,
                                       centre=(16.0, 21.0, 18.0))
        cls.case = D.load_case(os.path.join(cls.root, "case-0001"))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_grows_to_ratio_inside_brain_outside_ventricles(self):
        allowed, ventricles = A.growth_room(self.case.ct, self.case.brain, self.case.mask)
        self.assertTrue(ventricles.any())
        self.assertFalse((ventricles & (self.case.mask > 0.5)).any())
        brain = self.case.brain > 0
        for ratio in (0.33, 0.68, 1.0, 5.0):
            grown, info = A.grow_mask(self.case.mask, allowed, ratio, np.random.default_rng(0))
            self.assertFalse(info["saturated"])
            self.assertAlmostEqual(grown.sum() / self.case.mask.sum(), 1.0 + ratio, delta=0.01 * (1.0 + ratio))
            added = grown - self.case.mask
            self.assertGreaterEqual(float(added.min()), -1e-6)
            self.assertEqual(float(added[~brain].sum()), 0.0)
            self.assertEqual(float(added[ventricles].sum()), 0.0)
            self.assertTrue((grown >= self.case.mask - 1e-6).all())
        # a large growth has to go round the ventricle: it touches it but does not enter
        grown, _ = A.grow_mask(self.case.mask, allowed, 5.0, np.random.default_rng(0))
        from scipy import ndimage
        self.assertTrue(((grown > 0) & ndimage.binary_dilation(self.truth["ventricle"])).any())

    def test_saturates_when_the_brain_leaves_no_room(self):
        allowed = np.zeros_like(self.case.mask, dtype=bool)
        allowed[10:22, 15:27, 12:24] = True  # a 12-voxel box around the 11-voxel hematoma
        grown, info = A.grow_mask(self.case.mask, allowed, 4.0, np.random.default_rng(0))
        self.assertTrue(info["saturated"])
        self.assertLess(info["achievedRatio"], 4.0)
        self.assertGreater(info["achievedRatio"], 1.0)
        self.assertEqual(float((grown - self.case.mask)[~allowed].sum()), 0.0)

    def test_registration_matches_the_grown_mask(self):
        allowed, _ = A.growth_room(self.case.ct, self.case.brain, self.case.mask)
        grown, _ = A.grow_mask(self.case.mask, allowed, 1.0, np.random.default_rng(1))
        t0 = time.perf_counter()
        field, info = A.register_masks(self.case.mask, grown, steps=150)
        self.assertLess(time.perf_counter() - t0, 30.0)
        self.assertGreater(info["dice"], info["diceBefore"] + 0.1)
        self.assertGreater(info["dice"], 0.85)
        warped = A.warp_volume(self.case.mask, field)
        inter = (warped * grown).sum()
        self.assertGreater(2 * inter / (warped.sum() + grown.sum()), 0.85)
        # the field is zero at the volume's edge (it lives on the crop around the masks)
        self.assertEqual(float(np.abs(field[:, 0]).max()), 0.0)

    def test_augment_case_writes_and_caches(self):
        logs = []
        records = A.augment_case(self.root, self.case, pairs=2, steps=60, log=logs.append)
        self.assertEqual([r["pair"] for r in records], [1, 2])
        self.assertEqual(len(logs), 2)
        out = os.path.join(self.root, "augmented", "case-0001")
        pairs = D.augmented_pairs(self.root, [self.case], store_dtype=np.float32)
        self.assertEqual(len(pairs), 2)
        for pair, ratio in zip(pairs, (0.33, 0.68)):
            self.assertAlmostEqual(pair.followup_mask.sum() / self.case.mask.sum(), 1 + ratio, delta=0.02)
            self.assertEqual(float(np.abs(pair.followup_ct[self.case.brain == 0]).max()), 0.0)
        with open(os.path.join(out, "augmented.json")) as f:
            meta = json.load(f)
        self.assertEqual(meta["pairs"][1]["settings"]["ratio"], 0.68)
        logs.clear()
        A.augment_case(self.root, self.case, pairs=2, steps=60, log=logs.append)
        self.assertEqual(logs, [])  # cached
        A.augment_case(self.root, self.case, pairs=1, steps=60, log=logs.append)
        self.assertFalse(os.path.exists(os.path.join(out, "pair-2")))


if __name__ == "__main__":
    unittest.main()
