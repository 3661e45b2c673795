import os
import tempfile
import unittest

import nibabel as nib
import numpy as np

from hemtrain import data as D
from tests import fixtures


class DataTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = os.path.join(cls.tmp.name, "prepared")
        cls.truth = fixtures.make_prepared(cls.root, n=2)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_axis_order_is_zyx(self):
        # a volume with distinct extents and a marker voxel: nibabel's [x, y, z] becomes [z, y, x]
        path = os.path.join(self.tmp.name, "axes.nii.gz")
        xyz = np.zeros((5, 6, 7), dtype=np.float32)
        xyz[4, 1, 2] = 1.0
        nib.save(nib.Nifti1Image(xyz, np.eye(4)), path)
        zyx = D.read_zyx(path)
        self.assertEqual(zyx.shape, (7, 6, 5))
        self.assertEqual(zyx[2, 1, 4], 1.0)
        self.assertTrue(zyx.flags["C_CONTIGUOUS"])
        # and the C# memory order: x fastest, index = x + nx * (y + ny * z)
        self.assertEqual(int(np.flatnonzero(zyx.ravel())[0]), 4 + 5 * (1 + 6 * 2))

    def test_load_case(self):
        case = D.load_case(os.path.join(self.root, "case-0001"))
        t = self.truth["case-0001"]
        self.assertEqual(case.ct.shape, t["ct"].shape)
        np.testing.assert_allclose(case.mask, t["mask"], atol=1e-6)
        np.testing.assert_allclose(case.followup_ct, t["followup_ct"], atol=1e-6)
        self.assertIsNone(D.load_case(os.path.join(self.root, "case-0002")).followup_ct)
        self.assertEqual(len(D.load_prepared(self.root, log=lambda *a: None)), 2)

    def test_extract_patch_pads_with_zeros(self):
        vol = np.arange(10 * 11 * 12, dtype=np.float32).reshape(10, 11, 12) + 1
        p = D.extract_patch(vol, (0, 0, 0), 8)
        self.assertEqual(p.shape, (8, 8, 8))
        self.assertTrue((p[:4] == 0).all() and (p[:, :4] == 0).all() and (p[:, :, :4] == 0).all())
        np.testing.assert_array_equal(p[4:, 4:, 4:], vol[:4, :4, :4])
        p = D.extract_patch(vol, (5, 5, 6), 8)
        np.testing.assert_array_equal(p, vol[1:9, 1:9, 2:10])

    def test_growth_centred_patches(self):
        case = D.load_case(os.path.join(self.root, "case-0001"))
        pair = D.pairs_from_cases([case], store_dtype=np.float32)[0]
        growth = (case.followup_mask > 0.5) & ~(case.mask > 0.5)
        sampler = D.PatchSampler([pair], growth_fraction=1.0, flip=False, rng=np.random.default_rng(0))
        for _ in range(50):
            c = sampler.centre(pair, growth=True)
            self.assertTrue(growth[c], c)
        # the patch centre (index P // 2) is the chosen voxel
        x, ym, _, has_ct = sampler.sample_one(pair=pair, growth=True)
        self.assertEqual(x.shape, (2, 32, 32, 32))
        self.assertTrue(has_ct)
        self.assertGreater(ym[0, 16, 16, 16], 0.5)
        self.assertLessEqual(x[1, 16, 16, 16], 0.5)

    def test_other_patches_hold_mask(self):
        case = D.load_case(os.path.join(self.root, "case-0002"))
        pair = D.pairs_from_cases([case], store_dtype=np.float32)[0]
        sampler = D.PatchSampler([pair], growth_fraction=0.0, flip=True, rng=np.random.default_rng(1))
        for _ in range(50):
            x, ym, yc, has_ct = sampler.sample_one()
            self.assertGreater(float(x[1].sum() + ym.sum()), 0.5)
            self.assertFalse(has_ct)
            self.assertEqual(float(np.abs(yc).sum()), 0.0)

    def test_no_growth_falls_back_to_border(self):
        mask = fixtures.ball((20, 20, 20), (10, 10, 10), 4.0)
        growth, anymask = D.sampling_regions(mask, mask)
        inside = mask > 0.5
        border = np.zeros(mask.size, dtype=bool)
        border[growth] = True
        border = border.reshape(mask.shape)
        self.assertTrue(border.any())
        self.assertTrue((border <= inside).all())
        self.assertFalse(border[10, 10, 10])

    def test_fixed_patches_are_reproducible(self):
        pairs = D.pairs_from_cases(D.load_prepared(self.root, log=lambda *a: None))
        a = D.fixed_patches(pairs, 6, seed=3)
        b = D.fixed_patches(pairs, 6, seed=3)
        for k in a:
            np.testing.assert_array_equal(a[k], b[k])
        self.assertEqual(a["input"].shape, (6, 2, 32, 32, 32))
        self.assertEqual(a["input"].dtype, np.float32)

    def test_synthetic_share(self):
        case = D.load_case(os.path.join(self.root, "case-0001"))
        real = D.pairs_from_cases([case])[0]
        synthetic = D.Pair("case-0001/pair-1", real.ct, real.mask, real.followup_mask, None, synthetic=True)
        for share, want in ((0.0, False), (1.0, True)):
            sampler = D.PatchSampler([real, synthetic], rng=np.random.default_rng(0), synthetic_share=share)
            self.assertEqual({sampler.pick_pair().synthetic for _ in range(20)}, {want})
        sampler = D.PatchSampler([real, synthetic], rng=np.random.default_rng(0))
        self.assertEqual({sampler.pick_pair().synthetic for _ in range(50)}, {False, True})

    def test_flip_is_along_x(self):
        case = D.load_case(os.path.join(self.root, "case-0001"))
        pair = D.pairs_from_cases([case], store_dtype=np.float32)[0]
        s1 = D.PatchSampler([pair], rng=np.random.default_rng(5))
        s2 = D.PatchSampler([pair], rng=np.random.default_rng(5))
        a = s1.sample_one(pair=pair, growth=True, flip=False)
        b = s2.sample_one(pair=pair, growth=True, flip=True)
        np.testing.assert_array_equal(a[0][..., ::-1], b[0])
        np.testing.assert_array_equal(a[1][..., ::-1], b[1])


if __name__ == "__main__":
    unittest.main()
