import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnionFind, clusterPairs, dropWeakBridges, pairwiseScores, sortedEdges } from './cluster.ts';
import type { ScoredPairs } from './cluster.ts';

function pairs(list: [number, number, number][]): ScoredPairs {
  return {
    i: Int32Array.from(list.map((x) => x[0])), j: Int32Array.from(list.map((x) => x[1])),
    weight: Float32Array.from(list.map((x) => x[2])), count: list.length,
  };
}

void test('UnionFind joins sets', () => {
  const uf = new UnionFind(4);
  uf.union(0, 1);
  uf.union(2, 3);
  assert.equal(uf.find(0), uf.find(1));
  assert.notEqual(uf.find(1), uf.find(2));
});

void test('sortedEdges: strongest first, below threshold dropped', () => {
  assert.deepEqual([...sortedEdges(pairs([[0, 1, 2], [1, 2, 9], [2, 3, -1], [0, 3, 5]]), 0)], [1, 3, 0]);
});

void test('clusterPairs: table of cases', () => {
  const none = new Int32Array(4);
  const cases: { name: string; n: number; edges: [number, number, number][]; ids: Int32Array[]; want: number[] }[] = [
    { name: 'connected components at the threshold', n: 4, edges: [[0, 1, 5], [1, 2, 5], [2, 3, -3]], ids: [none], want: [0, 0, 0, 1] },
    {
      name: 'a chain through a record without an NHS number is cut at the weakest link',
      n: 3, edges: [[0, 1, 9], [1, 2, 4]], ids: [Int32Array.from([7, 0, 8])], want: [0, 0, 1],
    },
    {
      name: 'a direct link between different NHS numbers stands when strong (already priced in)',
      n: 2, edges: [[0, 1, 20]], ids: [Int32Array.from([7, 8])], want: [0, 0],
    },
  ];
  for (const c of cases) {
    const r = clusterPairs(c.n, pairs(c.edges), 0, c.ids);
    assert.deepEqual([...r.clusterOf], c.want, c.name);
  }
});

void test('clusterPairs keeps known persons whole and never merges two of them', () => {
  // records 0,1 = known person A; 2 = known person B; 3 = new record linking to both
  const initial = Int32Array.from([0, 0, 1, -1]);
  const knownKey = Int32Array.from([1, 1, 2, 0]);
  const r = clusterPairs(4, pairs([[3, 2, 8], [3, 0, 6]]), 0, [knownKey], initial);
  assert.deepEqual([...r.clusterOf], [0, 0, 1, 1]);
  assert.equal(r.refused, 1);
});

void test('pairwiseScores', () => {
  const s = pairwiseScores([0, 0, 0, 1], [5, 5, 6, 6]);
  assert.equal(s.truePairs, 2);
  assert.equal(s.predictedPairs, 3);
  assert.equal(s.correctPairs, 1);
  // cross-source only: records 0,1 in source 0; 2,3 in source 1
  const x = pairwiseScores([0, 0, 0, 0], [1, 1, 1, 1], [0, 0, 1, 1]);
  assert.equal(x.truePairs, 4);
});

void test('dropWeakBridges: a weak link between two groups with no common neighbour goes', () => {
  const cases: { name: string; n: number; edges: [number, number, number][]; want: number }[] = [
    // two triangles {0,1,2} and {3,4,5} joined by a weak edge 2–3
    { name: 'weak bridge dropped', n: 6, edges: [[0, 1, 20], [1, 2, 20], [0, 2, 20], [3, 4, 20], [4, 5, 20], [3, 5, 20], [2, 3, 4]], want: 1 },
    { name: 'strong bridge kept', n: 6, edges: [[0, 1, 20], [1, 2, 20], [0, 2, 20], [3, 4, 20], [4, 5, 20], [3, 5, 20], [2, 3, 15]], want: 0 },
    { name: 'a chain of single links is kept (ends have no other links)', n: 3, edges: [[0, 1, 4], [1, 2, 4]], want: 0 },
    { name: 'a weak link with a common neighbour is kept', n: 3, edges: [[0, 1, 4], [1, 2, 20], [0, 2, 20]], want: 0 },
  ];
  for (const c of cases) {
    const r = dropWeakBridges(c.n, pairs(c.edges), 0, 10);
    assert.equal(r.dropped, c.want, c.name);
    assert.equal(r.pairs.count, c.edges.length - c.want, c.name);
  }
  const split = dropWeakBridges(6, pairs(cases[0]!.edges), 0, 10);
  assert.deepEqual([...clusterPairs(6, split.pairs, 0).clusterOf], [0, 0, 0, 1, 1, 1]);
});
